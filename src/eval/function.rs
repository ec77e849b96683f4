//! Lambdas, builtins and partially applied builtins.

pub struct Function;

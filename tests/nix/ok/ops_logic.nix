[ (true && false) (true || false) (!true) (!false || false) (true -> false) (false -> false) (false -> true) (true && true && !false) ]

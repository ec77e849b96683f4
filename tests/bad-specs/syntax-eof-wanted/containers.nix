{
  images.base = { };
  containers.coal-dev.owner = if true then "coal"

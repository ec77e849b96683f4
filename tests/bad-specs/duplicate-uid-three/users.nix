{
  users = {
    coal = { uid = 1001; containers.enable = true; };
    ash = { uid = 1001; containers.enable = true; };
    ember = { uid = 1001; containers.enable = true; };
  };
}

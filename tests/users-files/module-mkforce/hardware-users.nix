{ users.users.alice = { uid = 1500; isNormalUser = true; }; }

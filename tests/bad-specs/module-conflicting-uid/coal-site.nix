{ users.users.coal.uid = 1002; }

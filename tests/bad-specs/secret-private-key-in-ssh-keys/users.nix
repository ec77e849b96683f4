{
  users.users.coal = {
    uid = 1001;
    openssh.authorizedKeys.keys = [
      ''
        -----BEGIN OPENSSH PRIVATE KEY-----
        b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
        -----END OPENSSH PRIVATE KEY-----
      ''
    ];
    devbox.containers.enable = true;
  };
}

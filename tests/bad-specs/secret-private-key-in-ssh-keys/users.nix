{
  users.coal = {
    uid = 1001;
    sshKeys = [
      ''
        -----BEGIN OPENSSH PRIVATE KEY-----
        b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
        -----END OPENSSH PRIVATE KEY-----
      ''
    ];
    containers.enable = true;
  };
}

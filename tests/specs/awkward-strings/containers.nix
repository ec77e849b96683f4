{
  images.odd = {
    tag = "v1.0_rc-2";
    env = {
      QUOTES = "say \"hi\" and 'bye'";
      BACKSLASHES = "C:\\dir\\ and \\n not a newline \\";
      INTERPOLATION = "\${HOME} ''\${x} $USER $ $$ {} \\\${y}";
      NEWLINES = "line 1\nline 2\r\n\ttabbed";
      INDENTED = ''
        '''quoted''' ''${not} ''\t
      '';
      UNICODE = "héllo — ✓";
    };
    user = {
      name = "scribe";
      uid = 2000;
      home = "/srv/scribe";
    };
  };
  containers.inkwell = {
    owner = "quill";
    tailscale.enable = false;
  };
}

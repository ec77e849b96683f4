let
  inf = 1.0e308 * 10.0;
in
{
  hosts.mac = {
    user = "coal";
    defaults.dock.tilesize = inf;
    defaults.CustomUserPreferences."com.example".ratios = [ 0.5 (inf - inf) ];
  };
}

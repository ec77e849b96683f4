let
  # No syntax nesting, 1,500 levels of value: bounded like written nesting.
  deep = n: if n == 0 then 0 else [ (deep (n - 1)) ];
in
{
  hosts.mac = {
    user = "coal";
    defaults.CustomUserPreferences."com.example".deep = deep 1500;
  };
}

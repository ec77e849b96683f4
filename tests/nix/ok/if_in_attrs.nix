let enable = false; in { a = if enable then "on" else "off"; b = if !enable then [ ] else [ 1 ]; }

[ "coal" ]

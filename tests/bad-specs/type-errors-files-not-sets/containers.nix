"coal-dev"

let env = "prod"; in { "${env}-host" = "host.${env}.example"; nested."${env}".x = env; }

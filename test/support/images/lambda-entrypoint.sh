#!/bin/sh
# As the AWS base images' entrypoint: the emulator unless a Runtime API is given.
if [ -z "${AWS_LAMBDA_RUNTIME_API}" ]; then
  exec /usr/local/bin/aws-lambda-rie /var/runtime/bootstrap "$@"
else
  exec /var/runtime/bootstrap "$@"
fi

#!/bin/sh
# Creates the initial SRS admin user in MongoDB, if no user of that name exists yet: the
# Kubernetes replacement of the seed's init_admin_user.sh, which ran over SSH on the host.
# The password arrives already hashed with bcrypt (ADMIN_PASSWORD_HASH, from a Secret); the
# plain password never reaches the cluster. An existing user is never changed.
#
# Environment: MONGODB_HOST, MONGODB_USER, MONGODB_PASSWORD, MONGODB_DB_NAME, ADMIN_USERNAME,
# ADMIN_EMAIL, ADMIN_PASSWORD_HASH; MONGODB_PORT (default 27017).
set -eu
# shellcheck source=lib.sh
. "${0%/*}/lib.sh"
require_env MONGODB_HOST MONGODB_USER MONGODB_PASSWORD MONGODB_DB_NAME ADMIN_USERNAME ADMIN_EMAIL ADMIN_PASSWORD_HASH

# shellcheck disable=SC2016 # literal bcrypt prefixes
case "$ADMIN_PASSWORD_HASH" in
  '$2a$'* | '$2b$'* | '$2y$'*) ;;
  *)
    echo "error: ADMIN_PASSWORD_HASH is not a bcrypt hash (\$2b\$...); see docs/srs.md" >&2
    exit 2
    ;;
esac

# mongosh reads the credentials and values from the environment (process.env): none of them
# appears on a command line.
# shellcheck disable=SC2016 # JavaScript for mongosh, not shell
mongosh --quiet --norc --nodb --eval '
const env = process.env;
const connection = new Mongo(`mongodb://${env.MONGODB_HOST}:${env.MONGODB_PORT || 27017}/?authSource=admin`);
connection.getDB("admin").auth(env.MONGODB_USER, env.MONGODB_PASSWORD);
const users = connection.getDB(env.MONGODB_DB_NAME).getCollection("users");
const result = users.updateOne(
  { username: env.ADMIN_USERNAME },
  { $setOnInsert: { username: env.ADMIN_USERNAME, email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD_HASH, role: "admin", created_at: new Date() } },
  { upsert: true },
);
print(result.upsertedCount === 1 ? `created admin user ${env.ADMIN_USERNAME}` : `user ${env.ADMIN_USERNAME} exists, left unchanged`);
'

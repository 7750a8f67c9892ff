#!/bin/sh
# Creates the application users of a MongoDB server, or brings existing ones in line: each user
# lives in the admin database (clients authenticate with authSource=admin) with exactly the
# roles listed and the password of its Secret key, so a changed role list or a rotated password
# takes effect on the next run. Users not listed are left alone (the root user among them).
#
# MONGODB_USERS is JSON, without secrets: [{"name": …, "roles": [{"role": …, "db": …}]}]; each
# user's password is the file of its name in MONGODB_PASSWORDS_DIR (the users' Secret, mounted).
# mongosh reads the root credentials from the environment (process.env) and the passwords with
# Node's fs (mongosh scripts may require() Node's modules: mongosh manual, "Include External
# Files and Modules in Scripts"): no credential appears on a command line.
#
# Environment: MONGODB_HOST, MONGODB_USER, MONGODB_PASSWORD (the root user), MONGODB_USERS,
# MONGODB_PASSWORDS_DIR; MONGODB_PORT (default 27017).
set -eu
# shellcheck source=lib.sh
. "${0%/*}/lib.sh"
require_env MONGODB_HOST MONGODB_USER MONGODB_PASSWORD MONGODB_USERS MONGODB_PASSWORDS_DIR

# shellcheck disable=SC2016 # JavaScript for mongosh, not shell
mongosh --quiet --norc --nodb --eval '
const env = process.env;
const connection = new Mongo(`mongodb://${env.MONGODB_HOST}:${env.MONGODB_PORT || 27017}/?authSource=admin`);
const admin = connection.getDB("admin");
admin.auth(env.MONGODB_USER, env.MONGODB_PASSWORD);
const fs = require("fs");
for (const user of JSON.parse(env.MONGODB_USERS)) {
  const file = `${env.MONGODB_PASSWORDS_DIR}/${user.name}`;
  const pwd = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
  if (!pwd) throw new Error(`${file}, the password of ${user.name}, is missing or empty: run the secrets script`);
  if (admin.getUser(user.name) === null) {
    admin.createUser({ user: user.name, pwd, roles: user.roles });
    print(`created ${user.name}: ${user.roles.map((r) => `${r.role}@${r.db}`).join(", ")}`);
  } else {
    admin.updateUser(user.name, { pwd, roles: user.roles });
    print(`updated ${user.name}: ${user.roles.map((r) => `${r.role}@${r.db}`).join(", ")}`);
  }
}
'

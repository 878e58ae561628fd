const semver = require("semver"); require("debug")("app")(semver.valid("1.2.3"));

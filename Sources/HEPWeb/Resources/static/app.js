// hep serve: small progressive enhancements. Every action also works without this file.
"use strict";

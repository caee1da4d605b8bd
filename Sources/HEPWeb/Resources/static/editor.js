// hep serve: editor pages (progressive enhancement only; every action works without it).
"use strict";

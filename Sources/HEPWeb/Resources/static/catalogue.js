// hep serve: catalogue pages (progressive enhancement only; every action works without it).
"use strict";

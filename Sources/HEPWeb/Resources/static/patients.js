// hep serve: patients pages (progressive enhancement only; every action works without it).
"use strict";

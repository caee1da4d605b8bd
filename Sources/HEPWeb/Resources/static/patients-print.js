// hep serve: the print view of a handout opens the browser's print dialog once it has loaded.
"use strict";
window.addEventListener("load", function () { window.print(); });

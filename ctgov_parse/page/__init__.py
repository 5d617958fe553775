"""The page engine every page kind shares: decoding bytes (``decode``), the splitter told
its kind's headings (``split``), the engine's grammar (``grammar``: sections, the header,
related trials), the reading primitives (``read``), the readers both kinds share
(``readers``), the assembler (``assemble``) and the layout both renderers write (``layout``).
It knows no page kind by name: ``ctgov_parse.kinds`` does."""

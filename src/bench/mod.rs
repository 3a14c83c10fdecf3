//! Entry points for `make bench` (cargo feature `bench`, never in the shipped dist/), exported
//! to the page so a headless browser can time the console's own request sealing against the
//! libraries the official web UI uses (`seal`), and the task graph (`graph`).

mod graph;
mod seal;

//! The survey strand and its joining to the qualitative one: datasets and models, published
//! tables, findings, and joint displays.

pub(crate) mod cases;
pub(crate) mod codevars;
pub(crate) mod display;
pub(crate) mod finding;
pub(crate) mod published;
pub(crate) mod survey;
pub(crate) mod survey_files;

"""One module per report kind; each defines ``KIND`` (see ``exports.report.registry``)."""

"""Batch processing: inputs read into articles, run through the pipeline, written to sinks."""

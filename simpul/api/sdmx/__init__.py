"""SDMX output: an indicator's data as SDMX-JSON 2.0 and SDMX-CSV 2.0, and its structures (codelists,
concept scheme, data structure, dataflow) as an SDMX-JSON 2.0 structure message."""

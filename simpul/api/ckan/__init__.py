"""A read-only CKAN Action API (v3) adapter over Simpul's datasets: the contract, not CKAN's code."""

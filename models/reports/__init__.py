"""Reports: figures aggregated in SQL over the deals (and later activities) a viewer may see."""

"""Generated demo data for a believable 招聘专区 (``flask seed-demo``)."""

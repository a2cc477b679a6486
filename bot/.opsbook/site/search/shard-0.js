(window.OPSBOOK_SHARDS=window.OPSBOOK_SHARDS||[]).push({"docs":[],"index":{"fields":["t","s","i","o","h","b"],"boosts":[10,8,5,4,3,1],"lengths":["","","","","",""],"terms":[],"postings":[]}});

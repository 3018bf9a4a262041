"""Fetching politely: the User-Agent with a contact, retries that back off and honour Retry-After,
and the record of what could not be fetched."""

"""`kbassist web`: the help desk's pages and a JSON API, from one process holding the index.

No textual here (tests/test_headless.py checks): `app.py` builds the aiohttp application,
`api.py` and `pages.py` answer, `service.py` holds the index, `params.py` reads requests,
`openapi.py` describes the API.
"""

"""H5P activities: package validation (`validation`), files on disk (`storage`), xAPI statements
(`xapi`), writes (`services`), reads (`selectors`), the player and its files (`views`).

See docs/decisions/008-h5p.md for why it is built this way.
"""

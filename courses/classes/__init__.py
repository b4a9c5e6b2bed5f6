"""Classes: a group of learners in one commune, led by trainers, following some courses.

Models, services, selectors, access rules, views, urls and admin screens of classes live here
(docs/decisions/013-layout.md, 021-classes.md).
"""

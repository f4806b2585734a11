"""Bộ chỉ số phục vụ người dân, doanh nghiệp (Decision 766/QĐ-TTg): the rule files and how a
ratio becomes points (:mod:`procedures.serving_index.rules`)."""

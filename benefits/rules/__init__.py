"""The reimbursement rules (DOMAIN.md "Reimbursement rules"), pure Python without Django.

One policy object (`policy.Policy`) feeds two entries that must agree to the fen:
`claim.assess` (one claim, with explanation lines) driven in claim order by
`claim.settle_in_order`, and `year.settle_frames` (a whole year, vectorised in int64 fen).
"""

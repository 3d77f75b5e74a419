"""`dl-parity check` on a learner's own file: load its definitions as the learner wrote them
(`loading`), supply the course's helper modules where they are missing (`standins`), call each
function the assignment asks for with the course's own signatures of every edition
(`assignments`), compare with the NumPy reference and say per function PASS / FAIL / SKIP,
where, by how much and the likely cause (`verdicts`), all run by `checking.check_file`.

The reference is `scratch` (NumPy only): a verdict on NumPy code needs only the course's math.
"""

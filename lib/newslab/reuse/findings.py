def key_findings(*a, **k):
    raise NotImplementedError

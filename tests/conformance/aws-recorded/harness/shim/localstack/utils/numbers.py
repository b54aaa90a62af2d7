def is_number(value) -> bool:
    try:
        float(value)
        return True
    except (TypeError, ValueError):
        return False

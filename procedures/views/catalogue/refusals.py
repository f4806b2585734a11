"""A service's refusal put back on the form it answers: each problem beside the line or field it
is about."""


def place_problems(problems, *, form, line_forms) -> list:
    """Show each refused problem beside what it is about: a line's problems on that line's
    form, a header field's on the field; return those that belong to neither."""
    unplaced = []
    for problem in problems:
        if problem.line is not None and 0 < problem.line <= len(line_forms):
            line_forms[problem.line - 1].add_problem(problem)
        elif problem.column in form.fields:
            form.add_error(problem.column, problem.message)
        else:
            unplaced.append(problem)
    return unplaced

"""``gongkai import``: spreadsheets a department already has become content that ``check`` validates.

read (``sheets``) → recognise each sheet against the layout registry (``recognise``) → take its
figures as the declaration says (``extract``) → write YAML a person would write (``yaml_out``);
``command`` runs those steps and then the same checks as ``gongkai check``.
"""

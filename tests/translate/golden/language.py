"""Translated from language.ps1 by pwshim convert."""

from pwshim.api import select_object, write_host
from pwshim.translate import rt


# A tour of the language features the translator handles.
def get_greeting(*, name: str, times: int = 1, loud: bool = False):
    text = f"Hello, {name}"
    if loud:
        text = text.upper()
    return text * times


def get_squares(*, limit=None):
    output = []
    for i in range(1, rt.convert(limit, "int") + 1):
        output.append(i * i)  # each square is written to the output
    return rt.result(output)


people = [rt.custom_object({"Name": "Ada", "Age": 36}), rt.custom_object({"Name": "Linus", "Age": 28}), rt.custom_object({"Name": "Grace", "Age": 45})]
settings = rt.hashtable({"Region": "westeurope", "Retries": 3})
for person in rt.items(people):
    if rt.gt(person.age, 40):
        write_host(object=f"{rt.text(person.name)} is over 40")
    elif rt.lt(person.age, 30):
        write_host(object=f"{rt.text(person.name)} is under 30")
    else:
        write_host(object=rt.format("{0} is {1}", person.name, person.age))
older = select_object(pipeline_input=[item for item in rt.items(people) if rt.ge(item.age, 36)], property="Name")
rt.emit(older)
rt.emit(get_greeting(name="World", loud=True))
rt.emit(get_squares(limit=4))
rt.emit(f'Region: {rt.text(settings["Region"])}, retries: {rt.text(settings["Retries"])}')
count = 0
while rt.lt(count, 3):
    count += 1
try:
    raise rt.throw(f"Count is {count}")
except Exception as exc:  # noqa: BLE001 - PowerShell's catch {} catches every error
    error = rt.error_record(exc)
    write_host(object=f"Caught: {rt.text(error.exception.message)}")
finally:
    write_host(object="done")

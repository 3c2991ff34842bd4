import pytest

from exchange.mapping import code_description, code_fields, variable_choices, variable_description


@pytest.mark.parametrize(
    "fields",
    [
        {"definition": "村集体的经营", "inclusion_criteria": "", "exclusion_criteria": "", "example": ""},
        {
            "definition": "定义\n\n两段",
            "inclusion_criteria": "包括\n多行",
            "exclusion_criteria": "不包括",
            "example": "“例子”",
        },
        {"definition": "", "inclusion_criteria": "", "exclusion_criteria": "", "example": "只有例子"},
        {"definition": "", "inclusion_criteria": "", "exclusion_criteria": "", "example": ""},
    ],
)
def test_code_fields_survive_the_description(fields):
    assert code_fields(code_description(**fields)) == fields


def test_a_plain_memo_from_another_tool_is_the_definition():
    assert (
        code_fields("Used when people talk about money.")["definition"]
        == "Used when people talk about money."
    )


def test_category_choices_ride_in_the_variable_description():
    assert variable_choices(variable_description(["是", "否"])) == ["是", "否"]
    assert variable_choices("A free description") is None
    assert variable_description([]) == ""

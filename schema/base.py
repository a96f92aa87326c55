from pydantic import BaseModel, ConfigDict


class Record(BaseModel):
    """Every hand-written record: unknown keys are errors, so a typo fails loudly."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)

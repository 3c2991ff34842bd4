"""Why a file was refused, as a reason code plus the values its message needs."""


class Refused(Exception):  # noqa: N818 - reads as "raise Refused(...)", like a result
    # Reason codes; coding/errors.py maps each to a translated message.
    EMPTY = "empty"
    TOO_LARGE = "too_large"
    UNSUPPORTED = "unsupported"
    CORRUPT = "corrupt"
    HOSTILE_ARCHIVE = "hostile_archive"
    UNDECODABLE = "undecodable"
    WRONG_ENCODING = "wrong_encoding"
    UNKNOWN_ENCODING = "unknown_encoding"
    NO_TEXT_LAYER = "no_text_layer"
    ENCRYPTED = "encrypted"
    TOO_MUCH_TEXT = "too_much_text"
    XML_TOO_LARGE = "xml_too_large"
    TOO_MANY_ELEMENTS = "too_many_elements"
    TOO_MANY_TURNS = "too_many_turns"

    def __init__(self, reason, **params):
        super().__init__(reason, params)
        self.reason = reason
        self.params = params

"""Reading nianbao's CSV outputs in the tests, the one way: every one of them is UTF-8
with a byte-order mark (so Excel and WPS show the Chinese) and CRLF line ends."""
import csv
import io


def read_csv(path):
    """The rows of an output CSV as dicts, after checking its BOM and its line ends."""
    with open(path, "rb") as f:
        data = f.read()
    assert data.startswith(b"\xef\xbb\xbf"), f"{path}: no UTF-8 BOM"
    text = data[3:].decode("utf-8")
    assert "\n" not in text.replace("\r\n", ""), f"{path}: a line ends without CR"
    return list(csv.DictReader(io.StringIO(text, newline="")))

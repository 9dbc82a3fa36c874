"""Interview preparation (notebook 13): the question bank, common wrong answers, a quiz and a cheat sheet — every
number read from the results store that the notebooks write, so no figure can go stale.

- `bank`: `Entry` (question, answer, 30-second answer, link, backing number) and `fill` (placeholders -> numbers);
- `questions.ENTRIES`: the 10 questions and their 30 follow-ups; `myths.MYTHS`: wrong answers, corrected;
- `quiz.Quiz`: an ipywidgets quiz whose Check buttons call `Quiz.check` (tested without a browser), and `static()`;
- `glossary.GLOSSARY`: the words the answers use, one line each;
- `cheatsheet.cheat_sheet()`: the one-page figure; `page.write_page()`: the printable page.
"""
from .bank import Entry, fill, format_value, notebook_link
from .cheatsheet import cheat_sheet
from .glossary import GLOSSARY, glossary_markdown
from .myths import MYTHS, Myth
from .questions import ENTRIES
from .quiz import ITEMS, Quiz, QuizItem

__all__ = ["Entry", "fill", "format_value", "notebook_link", "cheat_sheet", "GLOSSARY", "glossary_markdown", "MYTHS",
           "Myth", "ENTRIES", "ITEMS", "Quiz", "QuizItem"]

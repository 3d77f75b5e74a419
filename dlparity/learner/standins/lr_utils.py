"""Stand-in for the course's lr_utils: load_dataset() returns the cat data in the course's form
(train_set_x_orig (m, 64, 64, 3), train_set_y (1, m), test_set_x_orig, test_set_y, classes) —
the course's files when found (DLPARITY_DATA or ../shared/data), else the built-in synthetic set."""

from conventions import datasets


def load_dataset():
    try:
        train_x, train_y, test_x, test_y, classes = datasets.load_dataset()
    except (FileNotFoundError, OSError, ValueError):
        train_x, train_y, test_x, test_y, classes = datasets.synthetic_cat_dataset()
    return train_x, train_y, test_x, test_y, classes

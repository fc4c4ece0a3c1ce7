"""Prints the k of a CSV file's rows over the quasi-identifier columns named, as pyCANON
computes it: the size of the smallest group of rows equal in those columns.

    k_anonymity.py FILE COLUMN...
"""
import sys

import pandas
from pycanon import anonymity

data = pandas.read_csv(sys.argv[1], dtype=str)
print(anonymity.k_anonymity(data, sys.argv[2:]))

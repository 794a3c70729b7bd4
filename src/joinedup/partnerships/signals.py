"""What partnerships tell the apps above them, without importing them (apps connect in AppConfig.ready()).

exit_review_submitted: sent inside partnership_close's transaction with `exit_review=` the saved ExitReview. The
learning app turns it into a draft lesson; a receiver that raises rolls the close back.
"""

from django.dispatch import Signal

exit_review_submitted = Signal()

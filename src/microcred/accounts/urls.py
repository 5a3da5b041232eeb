from django.urls import path

from microcred.accounts import views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-out/", views.SignOutView.as_view(), name="sign-out"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password-reset"),
    path("password/reset/sent/", views.PasswordResetDoneView.as_view(), name="password-reset-done"),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path("password/reset/done/", views.PasswordResetCompleteView.as_view(), name="password-reset-complete"),
    path("password/change/", views.PasswordChangeView.as_view(), name="password-change"),
    path("profile/", views.profile, name="profile"),
    path("emails/add/", views.add_email, name="add-email"),
    path("emails/<int:address_id>/resend/", views.resend_verification, name="resend-verification"),
    path("emails/<int:address_id>/primary/", views.make_primary, name="make-primary"),
    path("emails/<int:address_id>/remove/", views.remove_email, name="remove-email"),
    path("emails/verify/<str:token>/", views.verify_email, name="verify-email"),
]

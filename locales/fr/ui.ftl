# Composants partagés (views::components). Français.

ui-employee = Employé
